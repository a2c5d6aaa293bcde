// libsystemc.so leaves sc_main undefined and is linked with BIND_NOW, so a shared library that embeds it must
// define one. The library never calls it: the host drives the kernel with sc_start. (The runner has a real one.)
extern "C" __attribute__((visibility("default"))) int sc_main(int, char**) { return 0; }
