/// The chapter-1 exercises (convolution math). `Exercises.Chapter01` holds the learner's
/// stubs, `Solutions.Chapter01` the solved versions; both conform, so their signatures
/// cannot drift apart. The questions are stated in the doc comments of `Exercises/`.
public protocol ConvolutionMathExercises {
  /// 1.01 — the full convolution of (1, 2, 3) and (4, 5, 6), by hand.
  static func fullConvolutionByHand() throws -> [Double]
}

extension ExerciseChapter {
  /// Chapter 1's checks, bound to a set of answers.
  public static func convolutionMath<A: ConvolutionMathExercises>(_ answers: A.Type) -> ExerciseChapter {
    ExerciseChapter(
      number: 1, title: "Convolution math", file: "Exercises/Chapter01-ConvolutionMath.swift",
      exercises: [
        Exercise("1.01", "Full convolution of (1, 2, 3) and (4, 5, 6)", kind: .compute) {
          // Polynomial product: (1 + 2x + 3x²)(4 + 5x + 6x²)
          //   x⁰: 1·4 = 4
          //   x¹: 1·5 + 2·4 = 13
          //   x²: 1·6 + 2·5 + 3·4 = 28
          //   x³: 2·6 + 3·5 = 27
          //   x⁴: 3·6 = 18
          [.close(try A.fullConvolutionByHand(), [4, 13, 28, 27, 18])]
        },
      ])
  }
}
