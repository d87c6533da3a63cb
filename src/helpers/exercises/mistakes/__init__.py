"""The known realistic mistakes of every exercise, one module per notebook.

Each module lists ``WRONG = [(exercise key, wrong function, phrase), ...]``: wrong answers written
as a learner would, and a phrase of the verdict that is true for that mistake. An exercise's record
gives them as :attr:`helpers.exercises.registry.Exercise.mistakes`. Correct answers written
independently of the references sit beside them, for the tests.
"""
