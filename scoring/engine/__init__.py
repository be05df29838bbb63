"""The pure ranking engine: indicators, normalisation, aggregation, ranking and the
input hash, on plain dataclasses and Decimals. No ORM, no database, no settings: the
portal and `verify_ranking` run the same code on the same inputs."""
