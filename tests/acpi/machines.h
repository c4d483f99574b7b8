/* Machine descriptions shared by the ACPI unit tests and the table dumper. */
#ifndef VMFW_TEST_ACPI_MACHINES_H
#define VMFW_TEST_ACPI_MACHINES_H

#include "acpi.h"

struct test_machine {
	const char *name;
	void (*fill)(struct acpi_machine *m);
};

extern const struct test_machine test_machines[];
extern const unsigned test_nmachines;

/* Adds a function to m->pci. */
void test_add_pci(struct acpi_machine *m, unsigned bus, unsigned slot, unsigned fn, int secondary);

#endif
