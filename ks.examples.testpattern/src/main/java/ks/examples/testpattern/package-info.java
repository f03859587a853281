/** Example KS minidriver: a colour-bar capture filter written against ks.api only. */
package ks.examples.testpattern;
