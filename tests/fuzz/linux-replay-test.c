/* Replays the linux fuzz corpus (tests/fuzz/corpus/linux) through linux_fuzz_one (see replay.h). */
#include <stddef.h>
#include <stdint.h>
int linux_fuzz_one(const uint8_t *data, size_t size);

#define REPLAY_NAME "linux"
#define REPLAY_ENTRY linux_fuzz_one
#define REPLAY_MIN 6
#define REPLAY_MUTANTS 100
#include "replay.h"
