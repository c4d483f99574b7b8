# PCI enumeration and resource allocation (issue 3).
PCI_SRCS += pci/pci_enum.c pci/pci_alloc.c pci/pci_chipset.c pci/pci_setup.c
