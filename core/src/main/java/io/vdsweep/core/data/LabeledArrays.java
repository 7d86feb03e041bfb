package io.vdsweep.core.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A prepared split in ND4J memory, one row per example, and the {@link Layout} that turns rows into what a network
 * reads and predicts.
 *
 * @param features one row per example: preprocessed pixels, or token ids
 * @param labels   one row per example: a one-hot class, or the next-token ids of every position
 * @param layout   how rows become network input and targets
 */
public record LabeledArrays(INDArray features, INDArray labels, Layout layout) {

    /**
     * How stored rows become a network's input and targets, and its output rows to score. By default one prediction
     * per example, scored against the stored one-hot label row.
     */
    public sealed interface Layout {

        /** Feature rows [b, F] as network input. */
        INDArray inputs(INDArray featureRows);

        /** Label rows as the network's training targets. */
        default INDArray targets(INDArray labelRows) {
            return labelRows;
        }

        /** A network's output for b examples as rows of class probabilities [b · predictions, classes]. */
        default INDArray outputRows(INDArray output) {
            return output;
        }

        /** Label rows as one-hot rows [b · predictions, classes], aligned with {@link #outputRows}. */
        default INDArray targetRows(INDArray labelRows) {
            return labelRows;
        }

        /** Predictions per example: 1, or one per sequence position. */
        default int predictionsPerExample() {
            return 1;
        }
    }

    /** Rows read as they are: flat pixels of a dense net, or the token ids of a sequence with one class. */
    public record Rows() implements Layout {
        @Override
        public INDArray inputs(INDArray featureRows) {
            return featureRows;
        }
    }

    /** Rows reshaped into [b, C, H, W] images for conv nets. */
    public record Image(long channels, long height, long width) implements Layout {
        @Override
        public INDArray inputs(INDArray featureRows) {
            return featureRows.reshape('c', featureRows.size(0), channels, height, width);
        }
    }

    /**
     * Language modelling: token ids [b, T] read as one-hot [b, V, T] (DL4J's recurrent layout) and the next token at
     * every position as targets [b, V, T]; scored per position.
     */
    public record NextToken(int vocabulary, int length) implements Layout {
        @Override
        public INDArray inputs(INDArray featureRows) {
            return oneHot(featureRows);
        }

        @Override
        public INDArray targets(INDArray labelRows) {
            return oneHot(labelRows);
        }

        @Override
        public INDArray outputRows(INDArray output) {
            return output.permute(0, 2, 1).dup('c').reshape('c', output.size(0) * length, vocabulary);
        }

        @Override
        public INDArray targetRows(INDArray labelRows) {
            float[][] rows = labelRows.toFloatMatrix();
            float[] hot = new float[rows.length * length * vocabulary];
            for (int i = 0; i < rows.length; i++) {
                for (int t = 0; t < length; t++) {
                    hot[(i * length + t) * vocabulary + (int) rows[i][t]] = 1f;
                }
            }
            return Nd4j.create(hot, new long[] {(long) rows.length * length, vocabulary}, 'c');
        }

        @Override
        public int predictionsPerExample() {
            return length;
        }

        private INDArray oneHot(INDArray ids) {
            float[][] rows = ids.toFloatMatrix();
            float[] hot = new float[rows.length * vocabulary * length];
            for (int i = 0; i < rows.length; i++) {
                for (int t = 0; t < length; t++) {
                    hot[(i * vocabulary + (int) rows[i][t]) * length + t] = 1f;
                }
            }
            return Nd4j.create(hot, new long[] {rows.length, vocabulary, length}, 'c');
        }
    }

    /** Preprocesses {@code images} and lays them out for a dense ({@code asImages} false) or conv network. */
    public static LabeledArrays of(ImageSet images, Preprocessor preprocessor, boolean asImages) {
        int n = images.count();
        INDArray features = Nd4j.create(preprocessor.apply(images), new long[] {n, images.featureCount()}, 'c');
        Layout layout = asImages ? new Image(images.channels(), images.height(), images.width()) : new Rows();
        return new LabeledArrays(features, oneHot(images.labels(), images.classes()), layout);
    }

    /**
     * Token ids as features; one-hot classes, or next-token ids read through {@link NextToken} over
     * {@code vocabulary} ids (the network's input width, at least the sequences' vocabulary).
     */
    public static LabeledArrays of(TokenSequences sequences, int vocabulary) {
        int n = sequences.count();
        INDArray features = ids(sequences.tokens(), n, sequences.length());
        return switch (sequences.target()) {
            case CLASS -> new LabeledArrays(features, oneHot(sequences.targets(), sequences.classes()), new Rows());
            case NEXT_TOKEN -> new LabeledArrays(features, ids(sequences.targets(), n, sequences.length()),
                    new NextToken(Math.max(vocabulary, sequences.vocabulary()), sequences.length()));
        };
    }

    private static INDArray ids(int[] ids, int rows, int columns) {
        float[] values = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            values[i] = ids[i];
        }
        return Nd4j.create(values, new long[] {rows, columns}, 'c');
    }

    private static INDArray oneHot(int[] classes, int count) {
        INDArray labels = Nd4j.zeros(DataType.FLOAT, classes.length, count);
        for (int i = 0; i < classes.length; i++) {
            labels.putScalar(i, classes[i], 1f);
        }
        return labels;
    }

    public int count() {
        return (int) features.size(0);
    }

    /** Predictions scored per example: 1, or the sequence length of a language model. */
    public int predictionsPerExample() {
        return layout.predictionsPerExample();
    }

    /** Feature rows as network input. */
    public INDArray inputs(INDArray rows) {
        return layout.inputs(rows);
    }

    /** The examples [from, to) as network input. */
    public INDArray inputs(long from, long to) {
        return inputs(features.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()));
    }

    /** The one-hot targets of examples [from, to) as rows aligned with {@link Layout#outputRows}. */
    public INDArray targetRows(long from, long to) {
        return layout.targetRows(labels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()));
    }
}
