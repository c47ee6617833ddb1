import { NavLink, type NavLinkProps } from "@mantine/core";
import { createLink, type LinkComponent } from "@tanstack/react-router";
import { forwardRef, type AnchorHTMLAttributes } from "react";

type MantineNavLinkProps = Omit<NavLinkProps, "href"> & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, keyof NavLinkProps>;

const MantineNavLink = forwardRef<HTMLAnchorElement, MantineNavLinkProps>((props, ref) => (
  <NavLink component="a" ref={ref} {...props} />
));
MantineNavLink.displayName = "MantineNavLink";

const CreatedNavLink = createLink(MantineNavLink);

/** Mantine's NavLink as a typed router link (active state comes from the router). */
export const RouterNavLink: LinkComponent<typeof MantineNavLink> = (props) => (
  <CreatedNavLink preload="intent" activeProps={{ active: true }} {...props} />
);
