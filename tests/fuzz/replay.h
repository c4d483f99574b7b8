/*
 * Corpus replay of one fuzz entry as a cmocka test, so `make unit` runs every fuzz target's
 * committed corpus (tests/fuzz/corpus/<name>/) as regression inputs without clang, plus a
 * deterministic mutation sweep (bit flips, byte changes, cuts, extensions) of each input.
 * The entry aborts on a violated invariant, which fails the test.
 *
 * A replay test is a file that defines
 *   REPLAY_NAME     corpus directory name, e.g. "e820"
 *   REPLAY_ENTRY    the fuzz entry, int f(const uint8_t *, size_t)
 *   REPLAY_MIN      the least number of corpus files expected (a lost corpus fails)
 *   REPLAY_MUTANTS  mutants run per corpus file
 * optionally REPLAY_AFTER() (a statement run after the sweep, to assert depth), then
 * includes this file. Environment: VMFW_FUZZ_CORPUS=<dir> replays another directory;
 * arguments name single input files to run (and print the log of), for debugging crashes.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test-console.h"	/* test_log_text */

#ifndef REPLAY_AFTER
#define REPLAY_AFTER() do { } while (0)
#endif

#define REPLAY_MAX_INPUT (1u << 20)

static uint8_t *replay_read(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	uint8_t *buf = malloc(REPLAY_MAX_INPUT);
	*len = fread(buf, 1, REPLAY_MAX_INPUT, fp);
	fclose(fp);
	return buf;
}

/* Runs the entry on an exactly sized copy, so reads past the input are caught by ASan. */
static void replay_run(const uint8_t *p, size_t n)
{
	uint8_t *copy = malloc(n ? n : 1);
	memcpy(copy, p, n);
	const char *last = getenv("VMFW_FUZZ_LAST");
	if (last) {	/* the input about to run, for reproducing an abort */
		FILE *fp = fopen(last, "wb");
		if (fp) {
			fwrite(p, 1, n, fp);
			fclose(fp);
		}
	}
	assert_int_equal(REPLAY_ENTRY(copy, n), 0);
	free(copy);
}

static uint32_t replay_rng = 0x9e3779b9u;
static uint32_t replay_next(void)
{
	replay_rng ^= replay_rng << 13;
	replay_rng ^= replay_rng >> 17;
	replay_rng ^= replay_rng << 5;
	return replay_rng;
}

static void replay_mutants(const uint8_t *p, size_t n)
{
	static uint8_t m[REPLAY_MAX_INPUT + 64];
	for (int k = 0; k < REPLAY_MUTANTS; k++) {
		size_t len = n;
		memcpy(m, p, n);
		uint32_t r = replay_next();
		switch (r % 4) {
		case 0:	/* a few bit flips */
			for (int j = 0; j < 1 + (int)(r >> 8) % 4 && len; j++) {
				uint32_t x = replay_next();
				m[x % len] ^= (uint8_t)(1u << ((x >> 24) & 7));
			}
			break;
		case 1:	/* interesting byte values */
			if (len) {
				static const uint8_t v[] = { 0, 1, 0x7f, 0x80, 0xfe, 0xff };
				uint32_t x = replay_next();
				m[x % len] = v[(x >> 24) % sizeof(v)];
			}
			break;
		case 2:	/* cut */
			len = len ? (r >> 8) % len : 0;
			break;
		default:	/* extend with random bytes */
			for (int j = 0; j < 1 + (int)(r >> 8) % 63; j++)
				m[len++] = (uint8_t)replay_next();
			break;
		}
		replay_run(m, len);
	}
}

static char replay_dir[512];

static void test_corpus(void **state)
{
	const char *env = getenv("VMFW_FUZZ_CORPUS");
	if (env) {
		snprintf(replay_dir, sizeof(replay_dir), "%s", env);
	} else {
		/* The corpus sits beside this header: tests/fuzz/corpus/<name>. */
		const char *f = __FILE__, *slash = strrchr(f, '/');
		int dl = slash ? (int)(slash - f + 1) : 0;
		snprintf(replay_dir, sizeof(replay_dir), "%.*scorpus/%s", dl, f, REPLAY_NAME);
	}
	DIR *d = opendir(replay_dir);
	if (!d)
		fail_msg("corpus directory %s: cannot open", replay_dir);
	unsigned files = 0;
	size_t bytes = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char path[1024];
		size_t n;
		snprintf(path, sizeof(path), "%s/%s", replay_dir, e->d_name);
		uint8_t *p = replay_read(path, &n);
		if (!p)
			fail_msg("%s: cannot read", path);
		replay_run(p, n);
		replay_mutants(p, n);
		free(p);
		files++;
		bytes += n;
	}
	closedir(d);
	print_message("%s: %u inputs (%zu bytes), %u mutants each\n", replay_dir, files, bytes,
		      (unsigned)REPLAY_MUTANTS);
	assert_true(files >= REPLAY_MIN);
	REPLAY_AFTER();
}

static void test_empty_and_tiny(void **state)
{
	uint8_t b[4] = { 0, 0xff, 0x80, 0x01 };
	replay_run(b, 0);
	for (size_t n = 1; n <= sizeof(b); n++)
		replay_run(b, n);
}

int main(int argc, char **argv)
{
	if (argc > 1) {	/* debugging: run the given inputs and show what was logged */
		for (int i = 1; i < argc; i++) {
			size_t n;
			uint8_t *p = replay_read(argv[i], &n);
			if (!p) {
				perror(argv[i]);
				return 2;
			}
			int r = REPLAY_ENTRY(p, n);
			printf("== %s (%zu bytes): %d\n%s", argv[i], n, r, test_log_text());
			free(p);
		}
		return 0;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_and_tiny),
		cmocka_unit_test(test_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
