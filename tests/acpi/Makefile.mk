# ACPI: AML encoder (checked against a separate decoder) and table builders.
ACPI_TEST_COMMON := firmware/format.c firmware/log.c firmware/inventory.c tests/stubs/test-console.c

UNIT_TESTS += test_aml test_acpi_tables
test_aml_SRCS := tests/acpi/aml-test.c tests/acpi/aml_decode.c acpi/aml.c $(ACPI_TEST_COMMON)
test_acpi_tables_SRCS := tests/acpi/acpi_tables-test.c tests/acpi/aml_decode.c tests/acpi/machines.c \
	acpi/aml.c acpi/acpi_tables.c acpi/acpi_dsdt.c $(ACPI_TEST_COMMON)

# Not a unit test: writes the tables of tests/acpi/machines.c for the offline iasl/acpiexec check.
DUMP_TABLES_SRCS := tests/acpi/dump_tables.c tests/acpi/machines.c acpi/aml.c acpi/acpi_tables.c \
	acpi/acpi_dsdt.c $(ACPI_TEST_COMMON)
$(BUILD)/tests/dump_tables: $(DUMP_TABLES_SRCS) $(HEADERS) tests/acpi/machines.h $(wildcard tests/stubs/*.h) Makefile
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -Itests/acpi -o $@ $(DUMP_TABLES_SRCS)
