/**
 * Not ND4J's package: one compatibility class that DL4J 1.0.0-M2.1 looks up under this pre-M2.1 name
 * ({@link org.nd4j.nativeblas.Nd4jCpu}). Nothing else may go here.
 */
package org.nd4j.nativeblas;
