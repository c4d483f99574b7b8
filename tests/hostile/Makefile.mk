# Hostile simulated devices through pci_setup and the MSI-X probe (issue 10).
UNIT_TESTS += hostile-test
hostile-test_SRCS := tests/hostile/hostile-test.c tests/fuzz/pci-check.c tests/pci/simbus.c \
	pci/pci_enum.c pci/pci_alloc.c pci/pci_chipset.c pci/pci_setup.c pci/msix.c pci/cap.c \
	firmware/format.c firmware/log.c firmware/inventory.c tests/stubs/test-console.c
