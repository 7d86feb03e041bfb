/** {@code vdsweep report}: figures (XChart PNG), the paper's Table 1 layout in Markdown and self-contained HTML. */
package io.vdsweep.jobs.report;
