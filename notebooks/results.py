# %% [markdown]
# # Reading vdsweep results
#
# `vdsweep run` writes three Parquet tables under the results path, partitioned by sweep:
# `trials/sweep=NAME/`, `epochs/sweep=NAME/`, `summary/sweep=NAME/`. Every column is documented in
# `docs/results.md`. The `sweep` column comes from the folder name (hive partitioning), so every reader below
# sees it. This file is a notebook in percent format (open it in Jupyter with jupytext, VS Code or PyCharm).
#
# Needs: `pip install pandas pyarrow duckdb matplotlib pyspark` (any recent versions).

# %%
RESULTS = "results"          # the results path of your sweep (output.results or --results)
SWEEP = "quickstart"

# %% [markdown]
# ## pandas (pyarrow)

# %%
import pandas as pd
import pyarrow.dataset as ds

trials = ds.dataset(f"{RESULTS}/trials", format="parquet", partitioning="hive").to_table().to_pandas()
trials = trials[(trials.sweep == SWEEP) & (trials.status == "OK")]
epochs = ds.dataset(f"{RESULTS}/epochs", format="parquet", partitioning="hive").to_table().to_pandas()
summary = ds.dataset(f"{RESULTS}/summary", format="parquet", partitioning="hive").to_table().to_pandas()
trials[["variant", "width", "labels", "replicate", "test_acc", "train_acc", "sparsity", "compression"]]

# %% [markdown]
# Per-layer sparsity is an array column (network order):

# %%
trials[["variant", "width", "labels", "layer_pruned"]].explode("layer_pruned")

# %% [markdown]
# ## DuckDB (SQL straight on the files)

# %%
import duckdb

duckdb.sql(f"""
    SELECT variant, width, labels, count(*) AS n,
           avg(test_acc) AS test_acc, stddev_samp(test_acc) AS test_acc_std,
           avg(sparsity) AS sparsity, avg(compression) AS compression
    FROM read_parquet('{RESULTS}/trials/*/*.parquet', hive_partitioning = true)
    WHERE sweep = '{SWEEP}' AND status = 'OK'
    GROUP BY ALL ORDER BY labels DESC, variant, width
""").df()

# %% [markdown]
# ## PySpark

# %%
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.master("local[2]").getOrCreate()
spark.read.parquet(f"{RESULTS}/summary").where(F.col("sweep") == SWEEP) \
    .select("variant", "width", "labels", "n", "test_acc_mean", "sparsity_mean", "compression_mean").show()

# %% [markdown]
# ## One figure: sparsity and accuracy against width k (the paper's VGG-like width figure, any sweep with a k grid)

# %%
import matplotlib.pyplot as plt

s = summary[(summary.sweep == SWEEP) & (summary.labels == "true")].sort_values("width")
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
for variant, g in s.groupby("variant"):
    ax1.errorbar(g.width, g.test_acc_mean, yerr=g.test_acc_std.fillna(0), marker="o", label=variant)
    ax2.errorbar(g.width, g.sparsity_mean, yerr=g.sparsity_std.fillna(0), marker="o", label=variant)
ax1.set(xlabel="width k", ylabel="test accuracy")
ax2.set(xlabel="width k", ylabel="fraction of weights pruned")
ax1.legend()
plt.tight_layout()

# %% [markdown]
# ## Training curves from `epochs`

# %%
e = epochs[(epochs.sweep == SWEEP) & (epochs.labels == "true")]
e.groupby(["variant", "width", "epoch"])[["test_acc", "sparsity", "kl_weight"]].mean().unstack(["variant", "width"])
