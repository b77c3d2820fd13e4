// Chapter 4 — pooling. The scalar references, written like their formulas, that the
// vectorized kernels in CNNCore must agree with:
//
//   maxPool2DReference / maxPool2DBackwardReference          ↔ maxPool2D / maxPool2DBackward
//   avgPool2DReference / avgPool2DBackwardReference          ↔ avgPool2D / avgPool2DBackward
//   globalAvgPool2DReference / globalAvgPool2DBackwardReference ↔ globalAvgPool2D / …Backward
//   flattenReference                                         ↔ flatten
//
// plus the chapter's measurements: central-difference gradients, shifted images and the
// relative change of features under a shift, and how many activations survive max pooling.
