# One task runner for people and CI.
.PHONY: develop test lint bench

develop:
	maturin develop --release

test:
	cargo test && pytest

lint:
	cargo fmt --check && cargo clippy --all-targets --features python -- -D warnings
	python -m mypy --strict python/zhreport && python -m mypy.stubtest zhreport._core

bench:
	python benchmarks/bench_clean.py
	python benchmarks/bench_segment_accuracy.py
	python benchmarks/bench_segment_speed.py
	python benchmarks/bench_pipeline.py
	python benchmarks/bench_cli_many_files.py
