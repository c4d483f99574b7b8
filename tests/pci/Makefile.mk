# PCI enumeration and allocation unit tests (issue 3) on the simulated bus (tests/pci/simbus.c).
PCI_TEST_COMMON := tests/pci/simbus.c firmware/format.c firmware/log.c firmware/inventory.c \
	tests/stubs/test-console.c

UNIT_TESTS += pci-setup-test
pci-setup-test_SRCS := tests/pci/pci-setup-test.c pci/pci_enum.c pci/pci_alloc.c pci/pci_chipset.c \
	pci/pci_setup.c $(PCI_TEST_COMMON)

# The read-only verifier of the UEFI build (pci/pci_verify.c).
UNIT_TESTS += pci-verify-test
pci-verify-test_SRCS := tests/pci/pci-verify-test.c pci/pci_verify.c pci/pci_enum.c pci/pci_alloc.c \
	pci/pci_chipset.c pci/pci_setup.c $(PCI_TEST_COMMON)
