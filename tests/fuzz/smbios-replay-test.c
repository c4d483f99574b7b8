/* Replays the smbios fuzz corpus (tests/fuzz/corpus/smbios) through smbios_fuzz_one (see replay.h). */
#include <stddef.h>
#include <stdint.h>
int smbios_fuzz_one(const uint8_t *data, size_t size);

#define REPLAY_NAME "smbios"
#define REPLAY_ENTRY smbios_fuzz_one
#define REPLAY_MIN 8
#define REPLAY_MUTANTS 100
#include "replay.h"
