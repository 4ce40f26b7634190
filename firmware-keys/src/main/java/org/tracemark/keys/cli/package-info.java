/**
 * {@code tracemark-keys}, the command line over this module ({@link
 * org.tracemark.keys.cli.KeysCommand}): an operator's device PKI kept as plain files in a CA
 * directory ({@link org.tracemark.keys.cli.CaDirectory}, with the append-only {@link
 * org.tracemark.keys.cli.RevocationLog}), the device side of enrolment, firmware manifest signing
 * and checking, and an explanation of any signed reading with the verdict ingest would reach.
 *
 * <p>All cryptography and every rule is the library's; this package reads options and files,
 * obtains passphrases ({@link org.tracemark.keys.cli.PassphraseSource}: a file, the environment or
 * a terminal, never an argument), writes private keys encrypted and {@code rw-------} ({@link
 * org.tracemark.keys.cli.PrivateKeyFile}), and turns every failure into one line on standard error.
 */
package org.tracemark.keys.cli;
