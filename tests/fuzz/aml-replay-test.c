/* Replays the aml fuzz corpus (tests/fuzz/corpus/aml) through aml_fuzz_one (see replay.h). */
#include <stddef.h>
#include <stdint.h>
int aml_fuzz_one(const uint8_t *data, size_t size);

#define REPLAY_NAME "aml"
#define REPLAY_ENTRY aml_fuzz_one
#define REPLAY_MIN 6
#define REPLAY_MUTANTS 60
#include "replay.h"
