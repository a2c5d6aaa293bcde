// Deliberately outside the synthesizable subset: the lint must flag every line marked below.
#include <vector>
inline int* leak() { return new int[4]; }                 // dynamic memory
inline void fail() { throw 1; }                            // exceptions
inline void log_it() { printf("x"); }                      // I/O
inline int sum(int n) { int s = 0; for (int i = 0; i < n; ++i) s += i; return s; }  // variable bound
inline void spin(bool& b) { while (b) b = false; }         // while without a static bound
#if !defined(__SYNTHESIS__)
inline int* allowed_in_simulation() { return new int; }
#endif
