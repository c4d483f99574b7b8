/*
 * 
 * Disassembling to symbolic ASL+ operators
 *
 *
 * Original Table Header:
 *     Signature        "SSDT"
 *     Length           0x00000076 (118)
 *     Revision         0x02
 *     OEM ID           "VMFW  "
 *     OEM Table ID     "pc-v0   "
 *     OEM Revision     0x00000001 (1)
 *     Compiler ID      "VMFW"
 *     Compiler Version 0x00000001 (1)
 */
DefinitionBlock ("", "SSDT", 2, "VMFW  ", "pc-v0   ", 0x00000001)
{
    Device (\VMFW)
    {
        Name (_STA, Zero)  // _STA: Status
        Name (VARN, "pc-v0")
        Name (VSRC, "host-bridge:pc-i440fx-1.6")
        Name (CHIP, "piix")
        Name (FREV, One)
        Name (VFEA, Zero)
    }
}

