/* Replays the cap fuzz corpus (tests/fuzz/corpus/cap) through cap_fuzz_one (see replay.h). */
#include <stddef.h>
#include <stdint.h>
#include "cap-fuzz.h"

#define REPLAY_NAME "cap"
#define REPLAY_ENTRY cap_fuzz_one
#define REPLAY_MIN 6
#define REPLAY_MUTANTS 40
#include "replay.h"
