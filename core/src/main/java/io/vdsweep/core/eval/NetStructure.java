package io.vdsweep.core.eval;

import io.vdsweep.core.layers.Connections;
import io.vdsweep.core.layers.LayerSparsity;
import io.vdsweep.core.layers.SbpNoiseLayer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a pruned net still needs, unit by unit: the structured figures of Neklyudov et al. 2017 (Table 1: neurons per
 * layer and FLOPs of the net with the removable units taken out). A unit — an input, a hidden neuron, a filter — can
 * be removed when SBP prunes it, when no kept weight reaches it (its output is constant and folds into the next
 * layer's bias) or when no kept weight leaves it; removing one can starve another, so the rules run to a fixed point.
 * The logits always stay.
 *
 * <p>The units are those between weight layers, in order: the net's input (features or channels), then each weight
 * layer's output; where a flat layer reads an image, the flattened positions are a level of their own (a position
 * lives while its channel does). FLOPs count the multiply-adds of the weight layers: in·out for dense layers,
 * in·out·kH·kW·H_out·W_out for conv layers.
 *
 * @param units      units per level, full net
 * @param unitsKept  units per level that remain
 * @param flops      multiply-adds of one example through the full net's weight layers
 * @param flopsKept  the same with the removable units taken out
 * @param layers     per weight layer: its weights and the kept ones between remaining units (all kernel positions
 *                   of a kept filter-channel pair count: exact for plain layers, the weight sparsity of SBP nets)
 */
public record NetStructure(List<Long> units, List<Long> unitsKept, long flops, long flopsKept,
        List<LayerSparsity> layers) {

    public NetStructure {
        units = List.copyOf(units);
        unitsKept = List.copyOf(unitsKept);
        layers = List.copyOf(layers);
    }

    /** FLOPs of the full net over those of the pruned one (∞ when nothing remains; NaN without structure). */
    public double flopsReduction() {
        if (flops == 0) {
            return Double.NaN;
        }
        return flopsKept == 0 ? Double.POSITIVE_INFINITY : (double) flops / flopsKept;
    }

    /**
     * The structure of {@code net}, whose activation shapes one example {@code example} [1, ...] reveals; empty (no
     * levels, no FLOPs) for recurrent nets, whose units these rules do not cover.
     */
    public static NetStructure of(MultiLayerNetwork net, INDArray example) {
        if (recurrent(net)) {
            return new NetStructure(List.of(), List.of(), 0, 0, List.of());
        }
        List<INDArray> activations = net.feedForward(example, false);
        List<Level> levels = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        Level current = Level.of(activations.get(0));
        levels.add(current);
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayer(i);
            INDArray out = activations.get(i + 1);
            if (layer instanceof SbpNoiseLayer noise) {
                boolean[] kept = noise.kept();
                for (int u = 0; u < kept.length; u++) {
                    current.alive[u] &= kept[u];
                }
                continue;
            }
            Connections connections = Connections.of(layer);
            if (connections == null) {
                current.spatial = Level.spatial(out, current.alive.length);
                continue;
            }
            if (!connections.conv() && current.spatial > 1) {
                Level flat = current.flattened();
                levels.add(flat);
                current = flat;
            }
            Level next = Level.of(out);
            links.add(new Link(connections, current, next, connections.conv() ? next.spatial : 1, layer.getIndex()));
            levels.add(next);
            current = next;
        }
        if (!links.isEmpty()) {
            links.get(links.size() - 1).to.fixed = true;             // the logits stay
        }
        prune(levels, links);
        return summarize(levels, links);
    }

    private static boolean recurrent(MultiLayerNetwork net) {
        for (Layer layer : net.getLayers()) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            if (conf instanceof org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer
                    || conf instanceof org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer
                    || conf instanceof org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer
                    || conf instanceof io.vdsweep.core.layers.VariationalEmbedding) {
                return true;
            }
        }
        return false;
    }

    private static void prune(List<Level> levels, List<Link> links) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Link link : links) {
                changed |= link.pruneOutputs();
                changed |= link.pruneInputs();
            }
            for (Level level : levels) {
                changed |= level.syncWithChannels();
            }
        }
    }

    private static NetStructure summarize(List<Level> levels, List<Link> links) {
        List<Long> units = new ArrayList<>();
        List<Long> kept = new ArrayList<>();
        for (Level level : levels) {
            units.add((long) level.alive.length);
            kept.add(level.count());
        }
        long flops = 0;
        long flopsKept = 0;
        List<LayerSparsity> layers = new ArrayList<>();
        for (Link link : links) {
            long perPair = link.connections.kernelArea() * link.outSpatial;
            long in = link.from.alive.length;
            long out = link.to.alive.length;
            flops += in * out * perPair;
            flopsKept += link.from.count() * link.to.count() * perPair;
            long weights = in * out * link.connections.kernelArea();
            long keptWeights = link.keptWeights();
            layers.add(new LayerSparsity(link.layerIndex, null, link.connections.conv() ? "conv" : "dense", weights,
                    keptWeights, out, out - link.to.count()));
        }
        return new NetStructure(units, kept, flops, flopsKept, layers);
    }

    /** The units between two weight layers and which of them remain. */
    private static final class Level {
        final boolean[] alive;
        /** Positions per unit (H·W of an image level, 1 of a flat one). */
        long spatial;
        /** For flattened positions: the channel level they come from; position p belongs to channel p / positions. */
        final Level channels;
        boolean fixed;

        private Level(int units, long spatial, Level channels) {
            this.alive = new boolean[units];
            Arrays.fill(alive, true);
            this.spatial = spatial;
            this.channels = channels;
        }

        static Level of(INDArray activation) {
            int units = (int) activation.size(1);
            return new Level(units, spatial(activation, units), null);
        }

        static long spatial(INDArray activation, long units) {
            return activation.length() / activation.size(0) / units;
        }

        Level flattened() {
            Level flat = new Level((int) (alive.length * spatial), 1, this);
            for (int p = 0; p < flat.alive.length; p++) {
                flat.alive[p] = alive[(int) (p / spatial)];
            }
            return flat;
        }

        /** A position dies with its channel and a channel with all its positions. */
        boolean syncWithChannels() {
            if (channels == null) {
                return false;
            }
            boolean changed = false;
            int positions = alive.length / channels.alive.length;
            for (int c = 0; c < channels.alive.length; c++) {
                boolean any = false;
                for (int p = c * positions; p < (c + 1) * positions; p++) {
                    if (alive[p] && !channels.alive[c]) {
                        alive[p] = false;
                        changed = true;
                    }
                    any |= alive[p];
                }
                if (channels.alive[c] && !any) {
                    channels.alive[c] = false;
                    changed = true;
                }
            }
            return changed;
        }

        long count() {
            long n = 0;
            for (boolean a : alive) {
                n += a ? 1 : 0;
            }
            return n;
        }
    }

    /** A weight layer between two levels. */
    private record Link(Connections connections, Level from, Level to, long outSpatial, int layerIndex) {

        /** An output with no kept weight from a remaining input goes (the logits excepted). */
        boolean pruneOutputs() {
            if (to.fixed) {
                return false;
            }
            boolean changed = false;
            boolean[][] kept = connections.kept();
            for (int j = 0; j < to.alive.length; j++) {
                if (to.alive[j] && !reachesFrom(kept[j])) {
                    to.alive[j] = false;
                    changed = true;
                }
            }
            return changed;
        }

        private boolean reachesFrom(boolean[] row) {
            for (int i = 0; i < row.length; i++) {
                if (row[i] && from.alive[i]) {
                    return true;
                }
            }
            return false;
        }

        /** An input with no kept weight to a remaining output goes. */
        boolean pruneInputs() {
            boolean changed = false;
            boolean[][] kept = connections.kept();
            for (int i = 0; i < from.alive.length; i++) {
                if (!from.alive[i]) {
                    continue;
                }
                boolean used = false;
                for (int j = 0; j < to.alive.length && !used; j++) {
                    used = to.alive[j] && kept[j][i];
                }
                if (!used) {
                    from.alive[i] = false;
                    changed = true;
                }
            }
            return changed;
        }

        /** Kept weights between remaining units. */
        long keptWeights() {
            long n = 0;
            boolean[][] kept = connections.kept();
            for (int j = 0; j < to.alive.length; j++) {
                for (int i = 0; i < from.alive.length; i++) {
                    n += to.alive[j] && from.alive[i] && kept[j][i] ? 1 : 0;
                }
            }
            return n * connections.kernelArea();
        }
    }
}
