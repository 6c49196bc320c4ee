/* Calls a --target=cuda model; prints the status and the runtime's message. */
#include "mlp.h"
#include <stdio.h>

int main(void) {
  float input[MLP_INPUT0_SIZE] = {0};
  float output[MLP_OUTPUT0_SIZE] = {0};
  printf("started\n");
  int status = mlp_forward(input, output);
  printf("mlp_forward: %d: %s\n", status, mdf_cuda_last_error());
  status = mlp_forward_device(input, output, NULL);
  printf("mlp_forward_device: %d: %s\n", status, mdf_cuda_last_error());
  printf("set device 1: %d\n", mdf_cuda_set_device(1));
  return status;
}
