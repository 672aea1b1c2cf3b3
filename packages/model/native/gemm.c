// lrdist's native GEMM: OpenBLAS sgemm on operands that live in the TensorFlow.js wasm heap, and
// the memory-bound kernels around it that tfjs-wasm runs slowly or that want memory outside the
// heap (the softmax gradient, the embedding-gradient scatter, Adam with its moments off-heap). Built with -ffp-contract=off: no fused multiply-add outside BLAS,
// so the same source gives the same bits whatever the compiler chooses to vectorise.
//
// The wasm backend keeps every tensor in one WebAssembly.Memory; JavaScript hands us a Float32Array
// over that memory and element offsets into it, and we multiply in place. Nothing is copied in or
// out, so the rest of the wasm backend (its elementwise kernels, ours in SIMD) stays as it is and
// only the O(n^3) part runs at native speed (AVX2 FMA instead of 128-bit wasm SIMD without FMA).
//
// Every offset and leading dimension is checked against the heap's length before BLAS sees it: a
// bad call from JavaScript throws a RangeError instead of reading or writing outside the heap.
#define NAPI_VERSION 8
#include <node_api.h>
#include <cblas.h>
#include <dlfcn.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(call)                                                         \
  do {                                                                      \
    if ((call) != napi_ok) {                                                \
      napi_throw_error(env, "LRDIST_GEMM", "N-API call failed: " #call);    \
      return NULL;                                                          \
    }                                                                       \
  } while (0)

static napi_value fail(napi_env env, const char* code, const char* message) {
  napi_throw_range_error(env, code, message);
  return NULL;
}

// OpenBLAS is opened by load(), not linked: it picks its kernels and thread pool from the
// environment when it loads, and only C's setenv reaches it from a worker thread (a worker's
// process.env is a copy). load() sets OPENBLAS_CORETYPE and OPENBLAS_NUM_THREADS, then opens it.
static __typeof__(cblas_sgemm)* p_sgemm;
static __typeof__(openblas_set_num_threads)* p_set_threads;
static __typeof__(openblas_get_num_threads)* p_get_threads;
static __typeof__(openblas_get_corename)* p_corename;
static __typeof__(openblas_get_config)* p_config;

#define LOADED_OR_THROW()                                                                     \
  do {                                                                                       \
    if (p_sgemm == NULL) return fail(env, "LRDIST_GEMM_NOT_LOADED", "call load() first");   \
  } while (0)

// A Float32Array argument: its data pointer and length in elements.
static int f32_arg(napi_env env, napi_value v, float** data, size_t* length) {
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, v, &type, length, (void**)data, &buffer, &offset) != napi_ok) return 0;
  return type == napi_float32_array;
}

static int i32_arg(napi_env env, napi_value v, int32_t** data, size_t* length) {
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, v, &type, length, (void**)data, &buffer, &offset) != napi_ok) return 0;
  return type == napi_int32_array;
}

static int64_t int_arg(napi_env env, napi_value v) {
  int64_t x = -1;
  napi_get_value_int64(env, v, &x);
  return x;
}

static double num_arg(napi_env env, napi_value v) {
  double x = 0;
  napi_get_value_double(env, v, &x);
  return x;
}

// Whether a rows x cols matrix with leading dimension ld at offset off fits in `length` floats.
static int fits(int64_t off, int64_t rows, int64_t cols, int64_t ld, size_t length) {
  if (off < 0 || rows < 0 || cols < 0 || ld < cols || ld < 1) return 0;
  if (rows == 0 || cols == 0) return 1;
  return off + (rows - 1) * ld + cols <= (int64_t)length;
}

// gemm(heap, transA, transB, m, n, k, alpha, aOff, lda, bOff, ldb, beta, cOff, ldc)
// C = alpha * op(A) @ op(B) + beta * C, row-major, every operand inside `heap`.
static napi_value gemm(napi_env env, napi_callback_info info) {
  size_t argc = 14;
  napi_value a[14];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc != 14) return fail(env, "LRDIST_GEMM_ARGS", "gemm takes 14 arguments");
  float* heap;
  size_t length;
  if (!f32_arg(env, a[0], &heap, &length)) return fail(env, "LRDIST_GEMM_ARGS", "gemm: heap must be a Float32Array");
  bool ta, tb;
  CHECK(napi_get_value_bool(env, a[1], &ta));
  CHECK(napi_get_value_bool(env, a[2], &tb));
  int64_t m = int_arg(env, a[3]), n = int_arg(env, a[4]), k = int_arg(env, a[5]);
  float alpha = (float)num_arg(env, a[6]);
  int64_t ao = int_arg(env, a[7]), lda = int_arg(env, a[8]);
  int64_t bo = int_arg(env, a[9]), ldb = int_arg(env, a[10]);
  float beta = (float)num_arg(env, a[11]);
  int64_t co = int_arg(env, a[12]), ldc = int_arg(env, a[13]);
  if (m < 0 || n < 0 || k < 0 || m > INT32_MAX || n > INT32_MAX || k > INT32_MAX) {
    return fail(env, "LRDIST_GEMM_ARGS", "gemm: m, n, k must be non-negative 32-bit integers");
  }
  if (!fits(ao, ta ? k : m, ta ? m : k, lda, length) || !fits(bo, tb ? n : k, tb ? k : n, ldb, length) ||
      !fits(co, m, n, ldc, length)) {
    return fail(env, "LRDIST_GEMM_BOUNDS", "gemm: an operand lies outside the heap");
  }
  LOADED_OR_THROW();
  if (m == 0 || n == 0) return NULL;
  p_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, (blasint)m, (blasint)n,
              (blasint)k, alpha, heap + ao, (blasint)lda, heap + bo, (blasint)ldb, beta, heap + co, (blasint)ldc);
  return NULL;
}

// gemmBatch(heap, transA, transB, m, n, k, alpha, aOffs, lda, bOffs, ldb, cOffs, ldc, bias, biasOffs)
// For every i: C_i = alpha * op(A_i) @ op(B_i) (+ bias[biasOffs[i] + col] on every row), one call for
// all the (sequence, head) products of an attention layer. `bias` is a Float32Array or null.
static napi_value gemm_batch(napi_env env, napi_callback_info info) {
  size_t argc = 15;
  napi_value a[15];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc != 15) return fail(env, "LRDIST_GEMM_ARGS", "gemmBatch takes 15 arguments");
  float* heap;
  size_t length;
  if (!f32_arg(env, a[0], &heap, &length)) return fail(env, "LRDIST_GEMM_ARGS", "gemmBatch: heap must be a Float32Array");
  bool ta, tb;
  CHECK(napi_get_value_bool(env, a[1], &ta));
  CHECK(napi_get_value_bool(env, a[2], &tb));
  int64_t m = int_arg(env, a[3]), n = int_arg(env, a[4]), k = int_arg(env, a[5]);
  float alpha = (float)num_arg(env, a[6]);
  int32_t *aoffs, *boffs, *coffs, *biasoffs = NULL;
  size_t na, nb, nc, nbo = 0, nbias = 0;
  if (!i32_arg(env, a[7], &aoffs, &na) || !i32_arg(env, a[9], &boffs, &nb) || !i32_arg(env, a[11], &coffs, &nc)) {
    return fail(env, "LRDIST_GEMM_ARGS", "gemmBatch: offsets must be Int32Arrays");
  }
  int64_t lda = int_arg(env, a[8]), ldb = int_arg(env, a[10]), ldc = int_arg(env, a[12]);
  float* bias = NULL;
  napi_valuetype bt;
  CHECK(napi_typeof(env, a[13], &bt));
  if (bt != napi_null && bt != napi_undefined) {
    if (!f32_arg(env, a[13], &bias, &nbias) || !i32_arg(env, a[14], &biasoffs, &nbo)) {
      return fail(env, "LRDIST_GEMM_ARGS", "gemmBatch: bias must be a Float32Array with Int32Array offsets");
    }
  }
  if (m < 0 || n < 0 || k < 0 || m > INT32_MAX || n > INT32_MAX || k > INT32_MAX) {
    return fail(env, "LRDIST_GEMM_ARGS", "gemmBatch: m, n, k must be non-negative 32-bit integers");
  }
  if (na != nb || na != nc || (bias != NULL && nbo != na)) {
    return fail(env, "LRDIST_GEMM_ARGS", "gemmBatch: offset arrays must have one entry per product");
  }
  for (size_t i = 0; i < na; i++) {
    if (!fits(aoffs[i], ta ? k : m, ta ? m : k, lda, length) || !fits(boffs[i], tb ? n : k, tb ? k : n, ldb, length) ||
        !fits(coffs[i], m, n, ldc, length) || (bias != NULL && (biasoffs[i] < 0 || biasoffs[i] + n > (int64_t)nbias))) {
      return fail(env, "LRDIST_GEMM_BOUNDS", "gemmBatch: an operand lies outside the heap");
    }
  }
  LOADED_OR_THROW();
  for (size_t i = 0; i < na; i++) {
    float* c = heap + coffs[i];
    if (bias != NULL) {
      // The mask bias goes in first and sgemm accumulates onto it (beta = 1): one pass over C.
      const float* row = bias + biasoffs[i];
      for (int64_t r = 0; r < m; r++) memcpy(c + r * ldc, row, (size_t)n * sizeof(float));
    }
    p_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, (blasint)m, (blasint)n,
                (blasint)k, alpha, heap + aoffs[i], (blasint)lda, heap + boffs[i], (blasint)ldb, bias != NULL ? 1.0f : 0.0f,
                c, (blasint)ldc);
  }
  return NULL;
}

// biasRows(heap, cOff, rows, cols, ldc, bias, biasOff): fills every row of a rows x cols matrix
// (leading dimension ldc) with bias[biasOff .. biasOff + cols), ready for a gemm with beta = 1.
static napi_value bias_rows(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value a[7];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc != 7) return fail(env, "LRDIST_GEMM_ARGS", "biasRows takes 7 arguments");
  float *heap, *bias;
  size_t length, nbias;
  if (!f32_arg(env, a[0], &heap, &length) || !f32_arg(env, a[5], &bias, &nbias)) {
    return fail(env, "LRDIST_GEMM_ARGS", "biasRows: heap and bias must be Float32Arrays");
  }
  int64_t co = int_arg(env, a[1]), rows = int_arg(env, a[2]), cols = int_arg(env, a[3]), ldc = int_arg(env, a[4]);
  int64_t bo = int_arg(env, a[6]);
  if (!fits(co, rows, cols, ldc, length) || bo < 0 || bo + cols > (int64_t)nbias) {
    return fail(env, "LRDIST_GEMM_BOUNDS", "biasRows: an operand lies outside its array");
  }
  for (int64_t r = 0; r < rows; r++) memmove(heap + co + r * ldc, bias + bo, (size_t)cols * sizeof(float));
  return NULL;
}

// scatterAddRows(heap, outOff, numRows, width, srcOff, ids): out = zeros [numRows, width], then
// out[ids[i]] += src[i] for i in order (the dense gradient of an embedding lookup; repeated ids
// add up in the same order as tfjs-wasm's ScatterNd).
static napi_value scatter_add_rows(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value a[6];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc != 6) return fail(env, "LRDIST_GEMM_ARGS", "scatterAddRows takes 6 arguments");
  float* heap;
  int32_t* ids;
  size_t length, nids;
  if (!f32_arg(env, a[0], &heap, &length) || !i32_arg(env, a[5], &ids, &nids)) {
    return fail(env, "LRDIST_GEMM_ARGS", "scatterAddRows: heap must be a Float32Array and ids an Int32Array");
  }
  int64_t oo = int_arg(env, a[1]), rows = int_arg(env, a[2]), width = int_arg(env, a[3]), so = int_arg(env, a[4]);
  if (!fits(oo, rows, width, width, length) || !fits(so, (int64_t)nids, width, width, length)) {
    return fail(env, "LRDIST_GEMM_BOUNDS", "scatterAddRows: an operand lies outside the heap");
  }
  for (size_t i = 0; i < nids; i++) {
    if (ids[i] < 0 || ids[i] >= rows) return fail(env, "LRDIST_GEMM_BOUNDS", "scatterAddRows: an id is out of range");
  }
  float* out = heap + oo;
  memset(out, 0, (size_t)(rows * width) * sizeof(float));
  for (size_t i = 0; i < nids; i++) {
    float* dst = out + (int64_t)ids[i] * width;
    const float* src = heap + so + (int64_t)i * width;
    for (int64_t c = 0; c < width; c++) dst[c] += src[c];
  }
  return NULL;
}

// softmaxGrad(heap, pOff, dOff, maskOff, outOff, rows, cols): for softmax rows p and the gradient
// d of its (dropped-out) output, out = p * (g - sum(g * p)) with g = d * mask (mask at maskOff, or
// none when maskOff < 0). The sum runs left to right in float32.
static napi_value softmax_grad(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value a[7];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc != 7) return fail(env, "LRDIST_GEMM_ARGS", "softmaxGrad takes 7 arguments");
  float* heap;
  size_t length;
  if (!f32_arg(env, a[0], &heap, &length)) return fail(env, "LRDIST_GEMM_ARGS", "softmaxGrad: heap must be a Float32Array");
  int64_t po = int_arg(env, a[1]), d = int_arg(env, a[2]), mo = int_arg(env, a[3]), oo = int_arg(env, a[4]);
  int64_t rows = int_arg(env, a[5]), cols = int_arg(env, a[6]);
  if (!fits(po, rows, cols, cols, length) || !fits(d, rows, cols, cols, length) || !fits(oo, rows, cols, cols, length) ||
      (mo >= 0 && !fits(mo, rows, cols, cols, length))) {
    return fail(env, "LRDIST_GEMM_BOUNDS", "softmaxGrad: an operand lies outside the heap");
  }
  for (int64_t r = 0; r < rows; r++) {
    const float* p = heap + po + r * cols;
    const float* g = heap + d + r * cols;
    const float* m = mo >= 0 ? heap + mo + r * cols : NULL;
    float* o = heap + oo + r * cols;
    float s = 0.0f;
    for (int64_t c = 0; c < cols; c++) {
      float gc = m != NULL ? g[c] * m[c] : g[c];
      s += gc * p[c];
    }
    for (int64_t c = 0; c < cols; c++) {
      float gc = m != NULL ? g[c] * m[c] : g[c];
      o[c] = p[c] * (gc - s);
    }
  }
  return NULL;
}

// adam(heap, pOff, pOutOff, gOff, m, v, momentOff, n, beta1, 1-beta1, beta2, 1-beta2, stepSize,
// bc2Sqrt, eps, decay, l2, gradScale): one Adam/AdamW step for n weights in the heap, the moments
// in Float32Arrays outside it (so that bert-base's 880 MB of moments do not count against the 4 GB
// wasm heap). The float32 arithmetic, operation for operation, of the package's wasm SIMD kernel.
static napi_value adam(napi_env env, napi_callback_info info) {
  size_t argc = 18;
  napi_value a[18];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc != 18) return fail(env, "LRDIST_GEMM_ARGS", "adam takes 18 arguments");
  float *heap, *m, *v;
  size_t length, nm, nv;
  if (!f32_arg(env, a[0], &heap, &length) || !f32_arg(env, a[4], &m, &nm) || !f32_arg(env, a[5], &v, &nv)) {
    return fail(env, "LRDIST_GEMM_ARGS", "adam: heap, m and v must be Float32Arrays");
  }
  int64_t po = int_arg(env, a[1]), pout = int_arg(env, a[2]), go = int_arg(env, a[3]), mo = int_arg(env, a[6]);
  int64_t n = int_arg(env, a[7]);
  float sc[10];
  for (int i = 0; i < 10; i++) sc[i] = (float)num_arg(env, a[8 + i]);
  if (!fits(po, 1, n, n, length) || !fits(pout, 1, n, n, length) || !fits(go, 1, n, n, length) || mo < 0 ||
      mo + n > (int64_t)nm || mo + n > (int64_t)nv) {
    return fail(env, "LRDIST_GEMM_BOUNDS", "adam: an operand lies outside its array");
  }
  const float b1 = sc[0], c1 = sc[1], b2 = sc[2], c2 = sc[3], step = sc[4], bc2 = sc[5], eps = sc[6], decay = sc[7],
              l2 = sc[8], gscale = sc[9];
  const float* p = heap + po;
  const float* g = heap + go;
  float* out = heap + pout;
  float* mm = m + mo;
  float* vv = v + mo;
  for (int64_t i = 0; i < n; i++) {
    const float pi = p[i];
    const float gi = g[i] * gscale + l2 * pi;
    const float mi = mm[i] * b1 + gi * c1;
    const float vi = vv[i] * b2 + (gi * gi) * c2;
    mm[i] = mi;
    vv[i] = vi;
    const float denom = sqrtf(vi) / bc2 + eps;
    out[i] = pi * decay - (mi / denom) * step;
  }
  return NULL;
}

static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value a[1];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  int64_t t = argc == 1 ? int_arg(env, a[0]) : -1;
  if (t < 1 || t > 1024) return fail(env, "LRDIST_GEMM_ARGS", "setThreads: threads must be an integer in [1, 1024]");
  LOADED_OR_THROW();
  p_set_threads((int)t);
  return NULL;
}

// load(library, core, threads): opens OpenBLAS once per process with the given core type (empty:
// OpenBLAS's own detection) and thread count; later calls, from any thread, reuse it. Returns
// null, or the dlopen error text.
static napi_value load(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value a[3];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc != 3) return fail(env, "LRDIST_GEMM_ARGS", "load takes 3 arguments");
  char library[512], core[64];
  size_t len;
  CHECK(napi_get_value_string_utf8(env, a[0], library, sizeof library, &len));
  CHECK(napi_get_value_string_utf8(env, a[1], core, sizeof core, &len));
  int64_t threads = int_arg(env, a[2]);
  if (threads < 1 || threads > 1024) return fail(env, "LRDIST_GEMM_ARGS", "load: threads must be an integer in [1, 1024]");
  napi_value result;
  CHECK(napi_get_null(env, &result));
  if (p_sgemm != NULL) return result;
  char buf[32];
  snprintf(buf, sizeof buf, "%d", (int)threads);
  setenv("OPENBLAS_NUM_THREADS", buf, 1);
  if (core[0] != '\0') setenv("OPENBLAS_CORETYPE", core, 1);
  void* h = dlopen(library, RTLD_NOW | RTLD_LOCAL);
  const char* error = h == NULL ? dlerror() : NULL;
  if (h != NULL) {
    p_set_threads = (__typeof__(p_set_threads))dlsym(h, "openblas_set_num_threads");
    p_get_threads = (__typeof__(p_get_threads))dlsym(h, "openblas_get_num_threads");
    p_corename = (__typeof__(p_corename))dlsym(h, "openblas_get_corename");
    p_config = (__typeof__(p_config))dlsym(h, "openblas_get_config");
    __typeof__(p_sgemm) sgemm = (__typeof__(p_sgemm))dlsym(h, "cblas_sgemm");
    if (sgemm == NULL || p_set_threads == NULL || p_get_threads == NULL || p_corename == NULL || p_config == NULL) {
      error = "the library lacks cblas_sgemm or the openblas_* functions (is it OpenBLAS?)";
    } else {
      p_sgemm = sgemm;
    }
  }
  if (error != NULL) CHECK(napi_create_string_utf8(env, error, NAPI_AUTO_LENGTH, &result));
  return result;
}

static napi_value describe(napi_env env, napi_callback_info info) {
  (void)info;
  LOADED_OR_THROW();
  napi_value obj, core, config, threads;
  CHECK(napi_create_object(env, &obj));
  CHECK(napi_create_string_utf8(env, p_corename(), NAPI_AUTO_LENGTH, &core));
  CHECK(napi_create_string_utf8(env, p_config(), NAPI_AUTO_LENGTH, &config));
  CHECK(napi_create_int32(env, p_get_threads(), &threads));
  CHECK(napi_set_named_property(env, obj, "core", core));
  CHECK(napi_set_named_property(env, obj, "config", config));
  CHECK(napi_set_named_property(env, obj, "threads", threads));
  return obj;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"gemm", NULL, gemm, NULL, NULL, NULL, napi_default, NULL},
      {"gemmBatch", NULL, gemm_batch, NULL, NULL, NULL, napi_default, NULL},
      {"biasRows", NULL, bias_rows, NULL, NULL, NULL, napi_default, NULL},
      {"scatterAddRows", NULL, scatter_add_rows, NULL, NULL, NULL, napi_default, NULL},
      {"softmaxGrad", NULL, softmax_grad, NULL, NULL, NULL, napi_default, NULL},
      {"adam", NULL, adam, NULL, NULL, NULL, napi_default, NULL},
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_default, NULL},
      {"load", NULL, load, NULL, NULL, NULL, napi_default, NULL},
      {"describe", NULL, describe, NULL, NULL, NULL, napi_default, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
