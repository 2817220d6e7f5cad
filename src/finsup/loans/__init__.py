"""Loan-level data from microloan companies: the published contract and batch ingestion into Parquet."""
