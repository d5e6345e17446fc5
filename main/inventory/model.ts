/** The inventory's read model lives in common/ (the renderer shows it); re-exported for the store's code. */
export * from '../../common/model/inventory-views';
