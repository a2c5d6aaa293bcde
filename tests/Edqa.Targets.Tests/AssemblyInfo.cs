// The SystemC library, the runner and their fake stand-ins are Linux programs.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
