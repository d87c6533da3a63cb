"""The quiz bank: one TOML file of questions per notebook (read by helpers.exercises.quiz)."""
