UNIT_TESTS += test_variant
test_variant_SRCS := tests/variant/test_variant.c firmware/variant.c firmware/smbios.c \
	firmware/format.c firmware/log.c firmware/inventory.c tests/stubs/test-console.c
