/* Replays the fwcfg fuzz corpus (tests/fuzz/corpus/fwcfg) through fwcfg_fuzz_one (see replay.h). */
#include <stddef.h>
#include <stdint.h>
int fwcfg_fuzz_one(const uint8_t *data, size_t size);

#define REPLAY_NAME "fwcfg"
#define REPLAY_ENTRY fwcfg_fuzz_one
#define REPLAY_MIN 6
#define REPLAY_MUTANTS 60
#include "replay.h"
