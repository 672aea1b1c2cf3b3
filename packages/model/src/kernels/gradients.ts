// Gradients of the tfjs kernels this package differentiates with autodiff. The tfjs-core Node
// bundle registers no gradients (only the @tensorflow/tfjs union bundle does, with layers,
// converter and webgl), so we register our own for the kernels on our tapes: the model's glue
// (residual adds, dropout products, pooler tanh, losses, regularisers) and the textbook
// formulations the custom gradients are tested against. A gradient already registered (by the
// union bundle, when tfjs-node is loaded) is left alone.
import * as tf from '@tensorflow/tfjs-core';

type Grads = Record<string, () => tf.Tensor>;
type Attrs = Record<string, unknown>;

/** Sums dy over the axes along which `shape` was broadcast, then reshapes to `shape`. */
function unbroadcast(dy: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const axes = tf.broadcast_util.getReductionAxes([...shape], dy.shape);
  const reduced = axes.length > 0 ? tf.sum(dy, axes) : dy;
  return tf.reshape(reduced, [...shape]);
}

function binary(kernelName: string, grads: (dy: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => [tf.Tensor, tf.Tensor]): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const d = dy as tf.Tensor;
      return {
        a: () => unbroadcast(grads(d, a, b)[0], a.shape),
        b: () => unbroadcast(grads(d, a, b)[1], b.shape),
      };
    },
  };
}

function reductionShape(x: tf.Tensor, attrs: Attrs): { shape: number[]; count: number } {
  const axes = tf.util.parseAxisParam(attrs['axis'] as number | number[], x.shape);
  const shape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const count = axes.reduce((n, a) => n * (x.shape[a] ?? 1), 1);
  return { shape, count };
}

function matMulGrads(
  dy: tf.Tensor,
  a: tf.Tensor,
  b: tf.Tensor,
  transposeA: boolean,
  transposeB: boolean,
): { a: () => tf.Tensor; b: () => tf.Tensor } {
  const da = (): tf.Tensor =>
    !transposeA && !transposeB
      ? tf.matMul(dy, b, false, true)
      : !transposeA && transposeB
        ? tf.matMul(dy, b)
        : transposeA && !transposeB
          ? tf.matMul(b, dy, false, true)
          : tf.matMul(b, dy, true, true);
  const db = (): tf.Tensor =>
    !transposeA && !transposeB
      ? tf.matMul(a, dy, true, false)
      : !transposeA && transposeB
        ? tf.matMul(dy, a, true, false)
        : transposeA && !transposeB
          ? tf.matMul(a, dy)
          : tf.matMul(dy, a, true, true);
  return { a: () => unbroadcast(da(), a.shape), b: () => unbroadcast(db(), b.shape) };
}

const CONFIGS: tf.GradConfig[] = [
  binary('Add', (dy) => [dy, dy]),
  binary('Sub', (dy) => [dy, tf.neg(dy)]),
  binary('Multiply', (dy, a, b) => [tf.mul(dy, b), tf.mul(dy, a)]),
  binary('RealDiv', (dy, a, b) => [tf.div(dy, b), tf.neg(tf.div(tf.mul(dy, a), tf.square(b)))]),
  binary('SquaredDifference', (dy, a, b) => {
    const d = tf.mul(tf.sub(a, b), 2);
    return [tf.mul(dy, d), tf.neg(tf.mul(dy, d))];
  }),
  {
    kernelName: 'AddN',
    saveAllInputs: true,
    gradFunc: (dy, saved) => {
      const out: Grads = {};
      saved.forEach((_, i) => (out[i] = () => tf.clone(dy as tf.Tensor)));
      return out;
    },
  },
  { kernelName: 'Cast', gradFunc: (dy) => ({ x: () => tf.clone(dy as tf.Tensor) }) },
  { kernelName: 'Identity', gradFunc: (dy) => ({ x: () => tf.clone(dy as tf.Tensor) }) },
  { kernelName: 'Neg', gradFunc: (dy) => ({ x: () => tf.neg(dy as tf.Tensor) }) },
  {
    kernelName: 'Square',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.mul(saved[0] as tf.Tensor, 2)) }),
  },
  {
    kernelName: 'Rsqrt',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const x = saved[0] as tf.Tensor;
      return { x: () => tf.mul(dy as tf.Tensor, tf.mul(tf.div(tf.rsqrt(x), x), -0.5)) };
    },
  },
  {
    kernelName: 'Tanh',
    outputsToSave: [true],
    gradFunc: (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.sub(1, tf.square(saved[0] as tf.Tensor))) }),
  },
  {
    kernelName: 'Erf',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const x = saved[0] as tf.Tensor;
      return { x: () => tf.mul(dy as tf.Tensor, tf.mul(tf.exp(tf.neg(tf.square(x))), 2 / Math.sqrt(Math.PI))) };
    },
  },
  {
    kernelName: 'Sum',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = saved[0] as tf.Tensor;
      const { shape } = reductionShape(x, attrs as Attrs);
      return { x: () => tf.mul(tf.reshape(dy as tf.Tensor, shape), tf.ones(x.shape)) };
    },
  },
  {
    kernelName: 'Mean',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = saved[0] as tf.Tensor;
      const { shape, count } = reductionShape(x, attrs as Attrs);
      return { x: () => tf.mul(tf.reshape(tf.div(dy as tf.Tensor, count), shape), tf.ones(x.shape)) };
    },
  },
  {
    kernelName: 'Reshape',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => tf.reshape(dy as tf.Tensor, (saved[0] as tf.Tensor).shape) }),
  },
  {
    kernelName: 'Transpose',
    gradFunc: (dy, _saved, attrs) => {
      const perm = (attrs as Attrs)['perm'] as number[];
      const inverse = new Array<number>(perm.length);
      perm.forEach((p, i) => (inverse[p] = i));
      return { x: () => tf.transpose(dy as tf.Tensor, inverse) };
    },
  },
  {
    kernelName: 'Slice',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = saved[0] as tf.Tensor;
      const [begin, size] = tf.slice_util.parseSliceParams(
        x,
        (attrs as Attrs)['begin'] as number[],
        (attrs as Attrs)['size'] as number[],
      ) as [number[], number[]];
      const pads = x.shape.map((d, i): [number, number] => [begin[i]!, d - begin[i]! - size[i]!]);
      return { x: () => tf.pad(dy as tf.Tensor, pads) };
    },
  },
  {
    kernelName: 'Concat',
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const axis = tf.util.parseAxisParam((attrs as Attrs)['axis'] as number, saved[0]!.shape)[0]!;
      const sizes = saved.map((t) => t.shape[axis]!);
      const parts = tf.split(dy as tf.Tensor, sizes, axis);
      const out: Grads = {};
      parts.forEach((p, i) => (out[i] = () => p));
      return out;
    },
  },
  {
    kernelName: 'BatchMatMul',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const at = attrs as Attrs;
      return matMulGrads(dy as tf.Tensor, a, b, at['transposeA'] === true, at['transposeB'] === true);
    },
  },
  {
    kernelName: '_FusedMatMul',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const at = attrs as Attrs;
      if (at['activation'] !== undefined && at['activation'] !== 'linear') {
        throw new Error(`fused matMul gradient supports no activation, got ${String(at['activation'])}`);
      }
      const g = matMulGrads(dy as tf.Tensor, a, b, at['transposeA'] === true, at['transposeB'] === true);
      const d = dy as tf.Tensor;
      return { ...g, bias: () => tf.sum(d, [...Array(d.rank - 1).keys()]) };
    },
  },
  {
    kernelName: 'Softmax',
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const y = saved[0] as tf.Tensor;
      const dim = (attrs as Attrs)['dim'] as number;
      const d = dy as tf.Tensor;
      return { logits: () => tf.mul(y, tf.sub(d, tf.sum(tf.mul(d, y), dim, true))) };
    },
  },
  {
    kernelName: 'LogSoftmax',
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const y = saved[0] as tf.Tensor;
      const axis = (attrs as Attrs)['axis'] as number;
      const d = dy as tf.Tensor;
      return { logits: () => tf.sub(d, tf.mul(tf.exp(y), tf.sum(d, axis, true))) };
    },
  },
  {
    kernelName: 'GatherV2',
    inputsToSave: ['x', 'indices'],
    gradFunc: (dy, saved, attrs) => {
      const [x, indices] = saved as [tf.Tensor, tf.Tensor];
      const at = attrs as Attrs;
      const axis = tf.util.parseAxisParam(at['axis'] as number, x.shape)[0];
      if (axis !== 0 || ((at['batchDims'] as number | undefined) ?? 0) !== 0) {
        throw new Error('gather gradient supports axis 0 without batch dimensions only');
      }
      const d = dy as tf.Tensor;
      const rows = tf.reshape(d, [indices.size, ...x.shape.slice(1)]);
      return {
        x: () => tf.scatterND(tf.reshape(indices, [indices.size, 1]), rows, x.shape),
        indices: () => tf.zerosLike(indices),
      };
    },
  },
];

let registered = false;

/** Registers the gradients above (once, and only those no one registered before). */
export function registerGradients(): void {
  if (registered) return;
  registered = true;
  for (const config of CONFIGS) {
    if (tf.getGradient(config.kernelName) === undefined) tf.registerGradient(config);
  }
}

registerGradients();
