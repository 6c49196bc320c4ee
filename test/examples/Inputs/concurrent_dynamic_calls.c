/* Calls the dynamic-batch convolution block from several threads at once, each with its
 * own batch size (some within the static workspace of batch-scaled
 * temporaries, one beyond it), and checks every result against the one the
 * same input gave in a single-threaded call. */
#include "dynamic_conv_block.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kThreads = 4, kCalls = 200, kImage = 8 * 32 * 32 };
static const int64_t kBatch[kThreads] = {1, 3, 16, 18};

static float *inputs[kThreads];
static float *expected[kThreads];
static int mismatches[kThreads];

static void *worker(void *arg) {
  int id = (int)(long)arg;
  size_t bytes = sizeof(float) * kBatch[id] * kImage;
  float *output = malloc(bytes);
  for (int call = 0; call < kCalls; ++call) {
    dynamic_conv_block_forward(kBatch[id], inputs[id], output);
    if (memcmp(output, expected[id], bytes) != 0)
      ++mismatches[id];
  }
  free(output);
  return NULL;
}

int main(void) {
  for (int t = 0; t < kThreads; ++t) {
    inputs[t] = malloc(sizeof(float) * kBatch[t] * kImage);
    expected[t] = malloc(sizeof(float) * kBatch[t] * kImage);
    for (int64_t i = 0; i < kBatch[t] * kImage; ++i)
      inputs[t][i] = (float)((i * (t + 3)) % 17) / 8.0f - 1.0f;
    dynamic_conv_block_forward(kBatch[t], inputs[t], expected[t]);
  }
  pthread_t threads[kThreads];
  for (int t = 0; t < kThreads; ++t)
    pthread_create(&threads[t], NULL, worker, (void *)(long)t);
  int total = 0;
  for (int t = 0; t < kThreads; ++t) {
    pthread_join(threads[t], NULL);
    total += mismatches[t];
  }
  printf("%d threads x %d calls: %d mismatches\n", kThreads, kCalls, total);
  return total != 0;
}
