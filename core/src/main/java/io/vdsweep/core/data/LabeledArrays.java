package io.vdsweep.core.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A preprocessed split in ND4J memory: features [N, C·H·W] float32, one-hot labels [N, classes], and the image shape
 * that conv nets reshape rows into (null for dense nets).
 *
 * @param features   one row per example
 * @param labels     one-hot, one row per example
 * @param imageShape [C, H, W] when the network reads images, else null
 */
public record LabeledArrays(INDArray features, INDArray labels, long[] imageShape) {

    /** Preprocesses {@code images} and lays them out for a dense ({@code asImages} false) or conv network. */
    public static LabeledArrays of(ImageSet images, Preprocessor preprocessor, boolean asImages) {
        int n = images.count();
        INDArray features = Nd4j.create(preprocessor.apply(images), new long[] {n, images.featureCount()}, 'c');
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, images.classes());
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, images.labels()[i], 1f);
        }
        long[] shape = asImages ? new long[] {images.channels(), images.height(), images.width()} : null;
        return new LabeledArrays(features, labels, shape);
    }

    public int count() {
        return (int) features.size(0);
    }

    /** Rows of features shaped as network input: unchanged for dense nets, [b, C, H, W] for conv nets. */
    public INDArray inputs(INDArray rows) {
        return imageShape == null ? rows
                : rows.reshape('c', rows.size(0), imageShape[0], imageShape[1], imageShape[2]);
    }

    /** The examples [from, to) as network input. */
    public INDArray inputs(long from, long to) {
        return inputs(features.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
                org.nd4j.linalg.indexing.NDArrayIndex.all()));
    }

    /** The one-hot labels of examples [from, to). */
    public INDArray labels(long from, long to) {
        return labels.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
    }
}
