/*
 * 
 * Disassembling to symbolic ASL+ operators
 *
 *
 * Original Table Header:
 *     Signature        "SSDT"
 *     Length           0x00000078 (120)
 *     Revision         0x02
 *     OEM ID           "VMFW  "
 *     OEM Table ID     "pc-v1   "
 *     OEM Revision     0x00000001 (1)
 *     Compiler ID      "VMFW"
 *     Compiler Version 0x00000001 (1)
 */
DefinitionBlock ("", "SSDT", 2, "VMFW  ", "pc-v1   ", 0x00000001)
{
    Device (\VMFW)
    {
        Name (_STA, Zero)  // _STA: Status
        Name (VARN, "pc-v1")
        Name (VSRC, "smbios-legacy:pc-i440fx-2.0")
        Name (CHIP, "piix")
        Name (FREV, One)
        Name (VFEA, Zero)
    }
}

