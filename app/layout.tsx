import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Header } from "@/components/shell/header";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Modelreg", template: "%s · Modelreg" },
  description: "A self-hosted model registry for teams that train models.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <Header />
        <main id="main" className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">
          {children}
        </main>
      </body>
    </html>
  );
}
