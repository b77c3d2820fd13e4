// The learner's exercises: one file per chapter, each exercise a stub that throws
// `Unsolved` until you replace its body with your answer. `Solutions/` mirrors these
// files signature for signature. Check your work with `swift run check-exercises`.
@_exported import ExerciseKit
