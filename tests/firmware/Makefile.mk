# Host unit tests of the firmware core: fw_cfg, e820, Linux boot protocol, initrd checks.
FW_TEST_COMMON := firmware/format.c firmware/log.c firmware/inventory.c tests/stubs/test-console.c

UNIT_TESTS += test_fwcfg test_e820 test_linux
test_fwcfg_SRCS := tests/firmware/test_fwcfg.c firmware/fwcfg.c $(FW_TEST_COMMON)
test_e820_SRCS := tests/firmware/test_e820.c firmware/e820.c $(FW_TEST_COMMON)
test_linux_SRCS := tests/firmware/test_linux.c firmware/linux.c firmware/initrd.c firmware/e820.c $(FW_TEST_COMMON)
