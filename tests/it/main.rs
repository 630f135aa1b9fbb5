//! Integration tests driving the built `copytrace` binary.
