/* Host program: builds the full table set for a few described machines and writes each
 * table to <outdir>/<machine>/<SIG>.dat (for iasl -d and acpiexec in the offline test), the RSDP
 * to RSDP.bin. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "acpi.h"
#include "test-console.h"
#include "machines.h"

static uint8_t buf[ACPI_BUF_SIZE];

static int write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		fprintf(stderr, "dump_tables: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
		return 2;
	}
	test_console_reset();
	if (mkdir(argv[1], 0755) && errno != EEXIST) {
		perror(argv[1]);
		return 1;
	}
	for (unsigned i = 0; i < test_nmachines; i++) {
		struct acpi_machine m;
		struct acpi_result r;
		char dir[4096], path[4200];
		const uint64_t phys = 0x7ff00000;

		test_machines[i].fill(&m);
		if (acpi_build(&m, buf, phys, sizeof(buf), &r)) {
			fprintf(stderr, "dump_tables: %s: acpi_build failed\n%s", test_machines[i].name, test_log_text());
			return 1;
		}
		snprintf(dir, sizeof(dir), "%s/%s", argv[1], test_machines[i].name);
		if (mkdir(dir, 0755) && errno != EEXIST) {
			perror(dir);
			return 1;
		}
		for (unsigned t = 0; t < r.ntables; t++) {
			snprintf(path, sizeof(path), "%s/%s.dat", dir, r.tables[t].sig);
			if (write_file(path, buf + (r.tables[t].addr - phys), r.tables[t].len))
				return 1;
		}
		snprintf(path, sizeof(path), "%s/RSDP.bin", dir);	/* not a table: iasl -d does not take it */
		if (write_file(path, r.rsdp, sizeof(r.rsdp)))
			return 1;
		printf("%s: %u tables\n", test_machines[i].name, r.ntables);
	}
	return 0;
}
