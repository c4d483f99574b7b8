/* Replays the e820 fuzz corpus (tests/fuzz/corpus/e820) through e820_fuzz_one (see replay.h). */
#include <stddef.h>
#include <stdint.h>
int e820_fuzz_one(const uint8_t *data, size_t size);

#define REPLAY_NAME "e820"
#define REPLAY_ENTRY e820_fuzz_one
#define REPLAY_MIN 6
#define REPLAY_MUTANTS 100
#include "replay.h"
