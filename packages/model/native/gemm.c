// lrdist's native GEMM: OpenBLAS sgemm on operands that live in the TensorFlow.js wasm heap.
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
#include <stdint.h>
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
  if (m == 0 || n == 0) return NULL;
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, (blasint)m, (blasint)n,
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
  for (size_t i = 0; i < na; i++) {
    float* c = heap + coffs[i];
    if (bias != NULL) {
      // The mask bias goes in first and sgemm accumulates onto it (beta = 1): one pass over C.
      const float* row = bias + biasoffs[i];
      for (int64_t r = 0; r < m; r++) memcpy(c + r * ldc, row, (size_t)n * sizeof(float));
    }
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, (blasint)m, (blasint)n,
                (blasint)k, alpha, heap + aoffs[i], (blasint)lda, heap + boffs[i], (blasint)ldb, bias != NULL ? 1.0f : 0.0f,
                c, (blasint)ldc);
  }
  return NULL;
}

// biasRows(heap, cOff, rows, cols, bias, biasOff): fills every row of a rows x cols matrix with
// bias[biasOff .. biasOff + cols), ready for a gemm with beta = 1 (fused matMul + bias).
static napi_value bias_rows(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value a[6];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc != 6) return fail(env, "LRDIST_GEMM_ARGS", "biasRows takes 6 arguments");
  float *heap, *bias;
  size_t length, nbias;
  if (!f32_arg(env, a[0], &heap, &length) || !f32_arg(env, a[4], &bias, &nbias)) {
    return fail(env, "LRDIST_GEMM_ARGS", "biasRows: heap and bias must be Float32Arrays");
  }
  int64_t co = int_arg(env, a[1]), rows = int_arg(env, a[2]), cols = int_arg(env, a[3]), bo = int_arg(env, a[5]);
  if (!fits(co, rows, cols, cols, length) || bo < 0 || bo + cols > (int64_t)nbias) {
    return fail(env, "LRDIST_GEMM_BOUNDS", "biasRows: an operand lies outside its array");
  }
  for (int64_t r = 0; r < rows; r++) memcpy(heap + co + r * cols, bias + bo, (size_t)cols * sizeof(float));
  return NULL;
}

static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value a[1];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  int64_t t = argc == 1 ? int_arg(env, a[0]) : -1;
  if (t < 1 || t > 1024) return fail(env, "LRDIST_GEMM_ARGS", "setThreads: threads must be an integer in [1, 1024]");
  openblas_set_num_threads((int)t);
  return NULL;
}

static napi_value describe(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value obj, core, config, threads;
  CHECK(napi_create_object(env, &obj));
  CHECK(napi_create_string_utf8(env, openblas_get_corename(), NAPI_AUTO_LENGTH, &core));
  CHECK(napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &config));
  CHECK(napi_create_int32(env, openblas_get_num_threads(), &threads));
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
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_default, NULL},
      {"describe", NULL, describe, NULL, NULL, NULL, napi_default, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
