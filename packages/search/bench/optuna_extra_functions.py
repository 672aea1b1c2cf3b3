# Optuna anchors for the benchmark functions that /work/shared/anchors/optuna_bench.py lacks.
# Usage: /usr/bin/python3 optuna_extra_functions.py ANCHOR_SCRIPT FUNC TRIALS SEEDS SAMPLER
# Registers the functions below in the anchor script's FUNCS, runs its `run` and prints the same
# line as the anchor script: "optuna VERSION SAMPLER FUNC trials=N seeds=N median=M p25=A p75=B".
# Keep the definitions identical to bench/functions.ts.
import importlib.util
import statistics
import sys

SPHERE_SHIFT = [1.5, -2.5, 0.5, 3.0, -1.0]


def shifted_sphere(x):
    return sum((v - c) ** 2 for v, c in zip(x, SPHERE_SHIFT))


def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def styblinski_tang(x):
    return 0.5 * sum(v ** 4 - 16 * v ** 2 + 5 * v for v in x)


EXTRA = {
    'sphere5': (shifted_sphere, [(-5, 5)] * 5),
    'rosenbrock4': (rosenbrock, [(-5, 10)] * 4),
    'styblinski-tang4': (styblinski_tang, [(-5, 5)] * 4),
}

if __name__ == '__main__':
    anchor, name, trials, seeds, sampler = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    spec = importlib.util.spec_from_file_location('optuna_bench', anchor)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.FUNCS.update(EXTRA)
    best = sorted(bench.run(name, trials, s, sampler) for s in range(seeds))
    q = statistics.quantiles(best, n=4)
    print(f"optuna {bench.optuna.__version__} {sampler} {name} trials={trials} seeds={seeds} "
          f"median={statistics.median(best):.4f} p25={q[0]:.4f} p75={q[2]:.4f}")
