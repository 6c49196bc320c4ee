/* Calls a compiled model from several threads at once, each on its own
 * input, and checks every result against the one the same input gave in a
 * single-threaded call. The model's temporaries live in one static
 * workspace; concurrent calls must not share it. */
#include "conv_block.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

enum { kThreads = 4, kCalls = 400 };

static float inputs[kThreads][CONV_BLOCK_INPUT0_SIZE];
static float expected[kThreads][CONV_BLOCK_OUTPUT0_SIZE];
static int mismatches[kThreads];

static void *worker(void *arg) {
  int id = (int)(long)arg;
  static __thread float output[CONV_BLOCK_OUTPUT0_SIZE];
  for (int call = 0; call < kCalls; ++call) {
    conv_block_forward(inputs[id], output);
    if (memcmp(output, expected[id], sizeof(output)) != 0)
      ++mismatches[id];
  }
  return NULL;
}

int main(void) {
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < CONV_BLOCK_INPUT0_SIZE; ++i)
      inputs[t][i] = (float)((i * (t + 3)) % 17) - 8.0f;
    conv_block_forward(inputs[t], expected[t]);
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
