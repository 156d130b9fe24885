import * as tf from '@tensorflow/tfjs';

/**
 * Style statistics of one activation map: per channel, the mean and the standard deviation over the
 * spatial positions (the diagonal of neural style transfer's Gram matrix, centred). They describe
 * texture, palette and contrast at that level while forgetting where things are.
 * map: [N, H, W, C] → [N, 2C] laid out as [mean_0..mean_{C-1}, std_0..std_{C-1}]. Caller disposes.
 */
export function styleStatistics(map: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    const [n, h, w, c] = map.shape;
    // Means over H·W as one average pool whose window is the whole map: on WASM that is XNNPACK's pooling on the
    // backend's threads (about 3.6× the batched matMul it replaces on MobileNet V2's five levels with 2 threads,
    // and 5.3× tf.mean, which copies the map to reduce over non-trailing axes: bench/README.md).
    const spatialMean = (x: tf.Tensor4D) => tf.avgPool(x, [h, w], 1, 'valid').reshape([n, c]);
    const mean = spatialMean(map);
    const meanOfSquares = spatialMean(map.square());
    // Var = E[x²] − E[x]²; relu clamps the tiny negative values float rounding can leave, so sqrt never yields NaN.
    return tf.concat([mean, tf.sqrt(tf.relu(meanOfSquares.sub(mean.square())))], 1) as tf.Tensor2D;
  });
}

/** The style statistics of several levels, concatenated shallow to deep: [N, Σ 2·C_l]. Caller disposes. */
export function concatStyleStatistics(maps: readonly tf.Tensor4D[]): tf.Tensor2D {
  return tf.tidy(() => tf.concat(maps.map(styleStatistics), 1) as tf.Tensor2D);
}
