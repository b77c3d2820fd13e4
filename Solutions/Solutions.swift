// The solutions to the exercises in `Exercises/`, file for file and signature for
// signature. The README test command requires every one of them to pass.
@_exported import ExerciseKit
