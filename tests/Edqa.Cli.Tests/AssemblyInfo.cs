// The emulated board and the SystemC runner are Linux programs.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
