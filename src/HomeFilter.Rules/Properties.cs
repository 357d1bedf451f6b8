// Lookups stackalloc label buffers on every query; they are always written before being read, so the
// zero-fill the runtime would add is pure cost.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
