/* Calls the dynamic-batch MLP (dynamic_mlp.h) at the batch sizes given on
 * the command line: asks the model for its output sizes, allocates, runs,
 * and prints every output row. */
#include "dynamic_mlp.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  for (int arg = 1; arg < argc; ++arg) {
    int64_t batch = atoll(argv[arg]);
    int64_t sizes[DYNAMIC_MLP_NUM_OUTPUT_SIZES];
    dynamic_mlp_forward_output_sizes(batch, sizes);
    printf("batch %lld: output is %lldx%lld\n", (long long)batch,
           (long long)sizes[0], (long long)dynamic_mlp_output0_shape[1]);
    float *input = malloc(sizeof(float) * batch * dynamic_mlp_input0_shape[1]);
    float *output = malloc(sizeof(float) * sizes[0] * dynamic_mlp_output0_shape[1]);
    for (int64_t i = 0; i < batch * dynamic_mlp_input0_shape[1]; ++i)
      input[i] = (float)(i % 7) / 7.0f - 0.3f;
    dynamic_mlp_forward(batch, input, output);
    for (int64_t r = 0; r < sizes[0]; ++r) {
      printf("row %lld:", (long long)r);
      for (int64_t c = 0; c < dynamic_mlp_output0_shape[1]; ++c)
        printf(" %.6f", output[r * dynamic_mlp_output0_shape[1] + c]);
      printf("\n");
    }
    free(input);
    free(output);
  }
  return 0;
}
