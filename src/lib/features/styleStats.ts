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
    // Means over H·W as one batched matMul with a 1/(H·W) row: no transpose of the map (a reduction over
    // non-trailing axes copies it on WASM), and the work runs on the matMul kernel's threads. Measured in
    // src/bench/styleCost.bench.test.ts; tf.moments took about twice as long on MobileNet V2's five levels.
    const x = map.reshape([n, h * w, c]);
    const avg = tf.fill([n, 1, h * w], 1 / (h * w));
    const mean = tf.matMul(avg, x).reshape([n, c]);
    const meanOfSquares = tf.matMul(avg, x.square()).reshape([n, c]);
    // Var = E[x²] − E[x]²; relu clamps the tiny negative values float rounding can leave, so sqrt never yields NaN.
    return tf.concat([mean, tf.sqrt(tf.relu(meanOfSquares.sub(mean.square())))], 1) as tf.Tensor2D;
  });
}

/** The style statistics of several levels, concatenated shallow to deep: [N, Σ 2·C_l]. Caller disposes. */
export function concatStyleStatistics(maps: readonly tf.Tensor4D[]): tf.Tensor2D {
  return tf.tidy(() => tf.concat(maps.map(styleStatistics), 1) as tf.Tensor2D);
}
