/**
 * L2-regularised logistic regression, fitted by Newton's method (iteratively reweighted least
 * squares). With a few dozen features and tens of thousands of rows the Hessian is small, so each
 * step solves it exactly (Cholesky) and a fit converges in a handful of steps; no numeric library
 * is needed for that, and the tests check the optimum against closed-form solutions.
 */

export interface LogisticModel {
  intercept: number;
  coefficients: number[];
  iterations: number;
  converged: boolean;
}

export interface FitOptions {
  /** Penalty λ on the squared coefficients (not the intercept): the loss is −log-likelihood + λ/2·|β|². */
  l2: number;
  maxIterations?: number;
  /** Stop when no parameter moves by more than this. */
  tolerance?: number;
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function predictProbability(model: Pick<LogisticModel, 'intercept' | 'coefficients'>, row: readonly number[]): number {
  let z = model.intercept;
  for (let index = 0; index < row.length; index++) z += model.coefficients[index]! * row[index]!;
  return sigmoid(z);
}

/** Fits P(y = 1 | x) = σ(b + w·x). Rows are feature vectors of equal length; labels are 0 or 1. */
export function fitLogistic(rows: readonly (readonly number[])[], labels: readonly number[], options: FitOptions): LogisticModel {
  const features = rows[0]?.length ?? 0;
  const size = features + 1; // parameter 0 is the intercept
  const theta = new Float64Array(size);
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-10;
  // Start the intercept at the base rate's log-odds: one step closer for rare churn.
  const positives = labels.reduce((sum, label) => sum + label, 0);
  if (positives > 0 && positives < labels.length) theta[0] = Math.log(positives / (labels.length - positives));

  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const gradient = new Float64Array(size);
    const hessian = Array.from({ length: size }, () => new Float64Array(size));
    for (let row = 0; row < rows.length; row++) {
      const x = rows[row]!;
      let z = theta[0]!;
      for (let j = 0; j < features; j++) z += theta[j + 1]! * x[j]!;
      const p = sigmoid(z);
      const residual = p - labels[row]!;
      const weight = p * (1 - p);
      gradient[0]! += residual;
      hessian[0]![0]! += weight;
      for (let j = 0; j < features; j++) {
        const xj = x[j]!;
        gradient[j + 1]! += residual * xj;
        hessian[0]![j + 1]! += weight * xj;
        const hj = hessian[j + 1]!;
        for (let k = 0; k <= j; k++) hj[k + 1]! += weight * xj * x[k]!;
      }
    }
    for (let j = 1; j < size; j++) {
      gradient[j]! += options.l2 * theta[j]!;
      hessian[j]![j]! += options.l2;
      for (let k = 1; k < j; k++) hessian[k]![j] = hessian[j]![k]!;
      hessian[j]![0] = hessian[0]![j]!;
    }
    const step = solveSymmetric(hessian, gradient);
    let largest = 0;
    for (let j = 0; j < size; j++) {
      theta[j]! -= step[j]!;
      largest = Math.max(largest, Math.abs(step[j]!));
    }
    if (largest < tolerance) return { intercept: theta[0]!, coefficients: Array.from(theta.subarray(1)), iterations: iteration, converged: true };
  }
  return { intercept: theta[0]!, coefficients: Array.from(theta.subarray(1)), iterations: maxIterations, converged: false };
}

/**
 * Solves H·s = g for a symmetric positive-definite H by Cholesky decomposition. A tiny ridge is
 * added when H is singular (a feature constant in every row without a penalty).
 */
function solveSymmetric(matrix: readonly Float64Array[], vector: Float64Array): Float64Array {
  const n = vector.length;
  for (let ridge = 0; ; ridge = ridge === 0 ? 1e-12 : ridge * 100) {
    const lower = Array.from({ length: n }, () => new Float64Array(n));
    let ok = true;
    for (let i = 0; i < n && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let sum = matrix[i]![j]! + (i === j ? ridge : 0);
        for (let k = 0; k < j; k++) sum -= lower[i]![k]! * lower[j]![k]!;
        if (i === j) {
          if (!(sum > 0)) {
            ok = false;
            break;
          }
          lower[i]![i] = Math.sqrt(sum);
        } else {
          lower[i]![j] = sum / lower[j]![j]!;
        }
      }
    }
    if (!ok) {
      if (ridge > 1) throw new Error('logistic regression: the Hessian is not positive definite');
      continue;
    }
    const forward = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = vector[i]!;
      for (let k = 0; k < i; k++) sum -= lower[i]![k]! * forward[k]!;
      forward[i] = sum / lower[i]![i]!;
    }
    const solution = new Float64Array(n);
    for (let i = n - 1; i >= 0; i--) {
      let sum = forward[i]!;
      for (let k = i + 1; k < n; k++) sum -= lower[k]![i]! * solution[k]!;
      solution[i] = sum / lower[i]![i]!;
    }
    return solution;
  }
}

export interface Standardizer {
  means: number[];
  sds: number[];
}

/** Column means and standard deviations (1 for a constant column, so it standardises to 0). */
export function fitStandardizer(rows: readonly (readonly number[])[]): Standardizer {
  const features = rows[0]?.length ?? 0;
  const means = Array.from({ length: features }, (_, j) => rows.reduce((sum, row) => sum + row[j]!, 0) / Math.max(rows.length, 1));
  const sds = means.map((mean, j) => {
    const variance = rows.reduce((sum, row) => sum + (row[j]! - mean) ** 2, 0) / Math.max(rows.length, 1);
    return variance > 1e-24 ? Math.sqrt(variance) : 1;
  });
  return { means, sds };
}

export function standardize(row: readonly number[], standardizer: Standardizer): number[] {
  return row.map((value, j) => (value - standardizer.means[j]!) / standardizer.sds[j]!);
}
