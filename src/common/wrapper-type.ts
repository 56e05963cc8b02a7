/**
 * For a constructor parameter injected with forwardRef (two modules that use each other's
 * services): typing it `WrapperType<OtherService>` keeps the emitted design:paramtypes metadata
 * from touching the class before its file has finished loading (SWC, as in the Nest SWC recipe).
 */
export type WrapperType<T> = T;
