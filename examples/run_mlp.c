/* Runs the bundled MLP example compiled by mdf-compile:
 *
 *   build/bin/mdf-compile examples/mlp.mlir -o build/examples/mlp.o
 *   clang-22 -Ibuild/examples examples/run_mlp.c build/examples/mlp.o -lm \
 *       -o build/examples/run_mlp
 *   build/examples/run_mlp
 *
 * The header mlp.h (written next to mlp.o) declares mlp_forward and the
 * shapes of its input and output.
 */
#include "mlp.h"

#include <stdio.h>

int main(void) {
  float image[MLP_INPUT0_SIZE];
  float probabilities[MLP_OUTPUT0_SIZE];
  for (int i = 0; i < MLP_INPUT0_SIZE; ++i)
    image[i] = (float)i / MLP_INPUT0_SIZE;

  mlp_forward(image, probabilities);

  float sum = 0.0f;
  for (int i = 0; i < MLP_OUTPUT0_SIZE; ++i) {
    printf("class %d: %.6f\n", i, probabilities[i]);
    sum += probabilities[i];
  }
  printf("sum: %.6f\n", sum);
  return 0;
}
